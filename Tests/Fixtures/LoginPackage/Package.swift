// swift-tools-version:6.1
// A separate package that depends on WalletCustody by path, as a service would: it holds the
// `login` function of issue 15, which crashed Swift 6.3.1 while the public API used typed throws.
// Built by scripts/check-library-use (called from .ci/run).
import PackageDescription

let package = Package(
    name: "LoginPackage",
    dependencies: [.package(name: "WalletCustody", path: "../../..")],
    targets: [
        .target(
            name: "Login",
            dependencies: [
                .product(name: "OneTimePassword", package: "WalletCustody")
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
