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
