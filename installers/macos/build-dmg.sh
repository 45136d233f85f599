#!/usr/bin/env bash
# Builds, signs and notarizes PoQ's macOS disk image on a Mac. Not run by CI (no macOS there): see
# installers/README.md. Needs: JDK 17+ (with jpackage), Maven, Node 20, Xcode command line tools.
#
#   installers/macos/build-dmg.sh                 unsigned .dmg (runs after right-click > Open)
#   MAC_SIGN_IDENTITY="Developer ID Application: Example Ltd (TEAMID)" \
#   MAC_NOTARY_PROFILE=poq-notary installers/macos/build-dmg.sh
#                                                 signed, notarized and stapled .dmg
# MAC_NOTARY_PROFILE is a keychain profile made once with
#   xcrun notarytool store-credentials poq-notary --apple-id you@example.org --team-id TEAMID
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# ONNX Runtime 1.29 and the DJL tokenizer ship macOS natives for Apple silicon only
[ "$(uname -m)" = arm64 ] || { echo "build-dmg: only Apple silicon (arm64) Macs are supported" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error
# llama.cpp's libraries for this platform, at the node-llama-cpp version package.json pins for Linux
npm install --no-save --no-audit --no-fund --loglevel=error "@node-llama-cpp/mac-arm64-metal@3.21.1"

# The installers profile, pointed at this Mac's natives; it builds the app-image (poq.app) only.
mvn -B -ntp install -DskipTests -P installers \
  -Dinstaller.skipDeb=true \
  "-Dnative.llama.package=mac-arm64-metal" \
  "-Dnative.onnxruntime=ai/onnxruntime/native/osx-aarch64/*" \
  "-Dnative.sqlite=org/sqlite/native/Mac/aarch64/*" \
  "-Dnative.tokenizers=native/lib/osx-aarch64/cpu/*" -Dnative.tokenizers.file=libtokenizers.dylib \
  "-Dnative.jna=com/sun/jna/darwin-aarch64/*" \
  "-Dnative.javafx=*.dylib" -Djavafx.classifier=mac-aarch64 \
  "-Dnative.anvil=$ROOT/node_modules/@foundry-rs/anvil-darwin-arm64/bin/anvil"

APP="app/target/jpackage/poq.app"

if [ -n "${MAC_SIGN_IDENTITY:-}" ]; then
  # Everything executable inside the bundle must be signed with the hardened runtime, the natives and
  # anvil first (inside out), or notarization rejects the bundle. The JVM needs JIT and unsigned
  # executable memory, and the natives are signed by us, not by their vendors.
  ent="$ROOT/installers/macos/entitlements.plist"
  find "$APP/Contents" -type f \( -name '*.dylib' -o -name '*.jnilib' -o -path '*/anvil/anvil' -o -path '*/bin/*' \) \
    -exec codesign --force --timestamp --options runtime --entitlements "$ent" --sign "$MAC_SIGN_IDENTITY" {} \;
  codesign --force --timestamp --options runtime --entitlements "$ent" --sign "$MAC_SIGN_IDENTITY" "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
fi

jpackage --type dmg --app-image "$APP" --dest app/target/jpackage --name poq --app-version 0.1.0 --vendor PoQ \
  ${MAC_SIGN_IDENTITY:+--mac-sign --mac-signing-key-user-name "${MAC_SIGN_IDENTITY#Developer ID Application: }"}
DMG="$(ls app/target/jpackage/poq-*.dmg | head -1)"

if [ -n "${MAC_NOTARY_PROFILE:-}" ]; then
  xcrun notarytool submit "$DMG" --keychain-profile "$MAC_NOTARY_PROFILE" --wait
  xcrun stapler staple "$DMG"
  spctl --assess --type open --context context:primary-signature --verbose "$DMG"
fi
ls -lh "$DMG"
