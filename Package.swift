// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "WalletCustody",
    products: [
        .library(name: "WalletCrypto", targets: ["WalletCrypto"]),
        .library(name: "OneTimePassword", targets: ["OneTimePassword"]),
        .library(name: "CustodyStore", targets: ["CustodyStore"]),
        .library(name: "StoreConformance", targets: ["StoreConformance"]),
        .library(name: "OfflineSigner", targets: ["OfflineSigner"]),
        .library(name: "CardVault", targets: ["CardVault"]),
        .executable(name: "offline-signer", targets: ["offline-signer"]),
        .executable(name: "custody-bench", targets: ["custody-bench"]),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "WalletCrypto",
            dependencies: ["COpenSSL"]
        ),
        .systemLibrary(
            name: "CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CPostgres",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "OneTimePassword",
            dependencies: ["WalletCrypto", "CQREncode"]
        ),
        .target(
            name: "CustodyStore",
            dependencies: ["OneTimePassword", "CardVault", "WalletCrypto", "CSQLite", "CPostgres"]
        ),
        .target(
            name: "StoreConformance",
            dependencies: ["OneTimePassword", "CardVault", "WalletCrypto"]
        ),
        .target(
            name: "CardVault",
            dependencies: ["WalletCrypto"]
        ),
        .target(
            name: "OfflineSigner",
            dependencies: ["WalletCrypto", "CXML2"]
        ),
        .executableTarget(
            name: "offline-signer",
            dependencies: ["OfflineSigner", "WalletCrypto"]
        ),
        .executableTarget(
            name: "custody-bench",
            dependencies: [
                "WalletCrypto", "OneTimePassword", "CustodyStore", "OfflineSigner", "CardVault", "COpenSSL", "CSQLite",
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: ["WalletCrypto"],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "WalletCryptoTests",
            dependencies: ["WalletCrypto", "TestSupport"]
        ),
        .testTarget(
            name: "OneTimePasswordTests",
            dependencies: ["OneTimePassword", "WalletCrypto", "TestSupport"]
        ),
        .testTarget(
            name: "CardVaultTests",
            dependencies: ["CardVault", "WalletCrypto", "TestSupport"]
        ),
        .testTarget(
            name: "OfflineSignerTests",
            dependencies: ["OfflineSigner", "offline-signer", "WalletCrypto", "TestSupport"]
        ),
        .testTarget(
            name: "CryptoKitCompatibilityTests",
            dependencies: ["WalletCrypto"]
        ),
        .testTarget(
            name: "LibraryUsageTests",
            dependencies: ["WalletCrypto", "OneTimePassword", "CardVault", "CustodyStore", "OfflineSigner"]
        ),
        .testTarget(
            name: "CustodyStoreTests",
            dependencies: [
                "CustodyStore", "StoreConformance", "OneTimePassword", "CardVault", "WalletCrypto", "TestSupport",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
