// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "WalletCustody",
    products: [
        .library(name: "WalletCrypto", targets: ["WalletCrypto"]),
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
        .executableTarget(
            name: "custody-bench",
            dependencies: ["WalletCrypto", "COpenSSL"]
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
    ],
    swiftLanguageModes: [.v6]
)
