import Foundation

/// The vault's current keyring, replaced atomically by `rotate`.
final class LockedKeyring: @unchecked Sendable {
    private let lock = NSLock()
    private var ring: VaultKeyring

    init(_ ring: VaultKeyring) { self.ring = ring }

    var current: VaultKeyring { lock.withLock { ring } }

    func replace(_ ring: VaultKeyring) { lock.withLock { self.ring = ring } }
}
