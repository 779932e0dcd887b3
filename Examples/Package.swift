// swift-tools-version:6.1
// Runnable examples, one small executable per job, each using WalletCustody as a service would:
// through this dependency line. `scripts/run-examples` builds and runs every one; each checks its
// own result and exits non-zero on failure.
import PackageDescription

let package = Package(
    name: "WalletCustodyExamples",
    dependencies: [.package(name: "WalletCustody", path: "..")],
    targets: [
        .executableTarget(
            name: "TOTPLogin",
            dependencies: [
                .product(name: "OneTimePassword", package: "WalletCustody"),
                .product(name: "CustodyStore", package: "WalletCustody"),
                .product(name: "WalletCrypto", package: "WalletCustody"),
            ]
        ),
        .executableTarget(
            name: "CardVaultCeremony",
            dependencies: [
                .product(name: "CardVault", package: "WalletCustody"),
                .product(name: "CustodyStore", package: "WalletCustody"),
                .product(name: "WalletCrypto", package: "WalletCustody"),
            ]
        ),
        .executableTarget(
            name: "SealedEnvelopes",
            dependencies: [.product(name: "WalletCrypto", package: "WalletCustody")]
        ),
        .executableTarget(
            name: "SM2WithOpenSSL",
            dependencies: [.product(name: "WalletCrypto", package: "WalletCustody")]
        ),
        .executableTarget(
            name: "OfflineSignerFromLibrary",
            dependencies: [
                .product(name: "OfflineSigner", package: "WalletCustody"),
                .product(name: "WalletCrypto", package: "WalletCustody"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
