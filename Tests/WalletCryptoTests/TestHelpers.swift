import Dispatch
import Foundation
import WalletCrypto

/// `DispatchData` made of several separate regions, to exercise discontiguous `DataProtocol` input.
func discontiguous(_ bytes: [UInt8], pieces: Int = 3) -> DispatchData {
    var data = DispatchData.empty
    let size = max(1, (bytes.count + pieces - 1) / pieces)
    var start = 0
    while start < bytes.count {
        let end = min(bytes.count, start + size)
        bytes[start..<end].withUnsafeBytes { data.append(DispatchData(bytes: $0)) }
        start = end
    }
    return data
}

func keyBytes(_ key: SymmetricKey) -> [UInt8] { key.withUnsafeBytes { Array($0) } }

/// Seals and opens with one key from 16 tasks at once; true when every message came back.
func roundTripsFromManyTasks<S: AEADScheme>(_: S.Type, key: SymmetricKey) async -> Bool {
    await withTaskGroup(of: Bool.self, returning: Bool.self) { group in
        for task in 0..<16 {
            group.addTask {
                (0..<200).allSatisfy { i in
                    let message = [UInt8](repeating: UInt8(task), count: i % 70)
                    guard let box = try? S.seal(message, using: key), let opened = try? S.open(box, using: key)
                    else { return false }
                    return Array(opened) == message
                }
            }
        }
        return await group.allSatisfy { $0 }
    }
}
