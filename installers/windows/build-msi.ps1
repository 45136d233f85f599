# Builds PoQ's Windows installer (.msi) on a Windows x64 machine. Not run by CI (no Windows there):
# see installers/README.md. Needs: JDK 17+ (with jpackage), Maven, Node 20 (npm ci brings
# @foundry-rs/anvil-win32-amd64), and WiX Toolset 3.x (candle.exe, light.exe on PATH) — jpackage 17-20
# does not use WiX 4/5.
#
#   powershell -ExecutionPolicy Bypass -File installers\windows\build-msi.ps1
$ErrorActionPreference = "Stop"
$root = Resolve-Path "$PSScriptRoot\..\.."
Set-Location $root

if (-not (Get-Command candle.exe -ErrorAction SilentlyContinue)) {
    throw "WiX 3 is not on PATH: install it (https://wixtoolset.org/docs/wix3/) and add its bin folder to PATH"
}
npm ci --no-audit --no-fund --loglevel=error
if ($LASTEXITCODE -ne 0) { throw "npm ci failed" }
# llama.cpp's libraries for this platform, at the node-llama-cpp version package.json pins for Linux
npm install --no-save --no-audit --no-fund --loglevel=error "@node-llama-cpp/win-x64@3.21.1"
if ($LASTEXITCODE -ne 0) { throw "npm install of llama.cpp's libraries failed" }

# The same installers profile as on Linux, pointed at the Windows natives; it builds the app-image only.
mvn -B -ntp install -DskipTests "-P" installers `
    "-Dinstaller.skipDeb=true" `
    "-Dnative.llama.package=win-x64" `
    "-Dnative.onnxruntime=ai/onnxruntime/native/win-x64/*" `
    "-Dnative.sqlite=org/sqlite/native/Windows/x86_64/*" `
    "-Dnative.tokenizers=native/lib/win-x86_64/cpu/*" `
    "-Dnative.tokenizers.file=tokenizers.dll" `
    "-Dnative.jna=com/sun/jna/win32-x86-64/*" `
    "-Dnative.javafx=*.dll" `
    "-Djavafx.classifier=win" `
    "-Danvil.exe=anvil.exe" `
    "-Dnative.anvil=$root\node_modules\@foundry-rs\anvil-win32-amd64\bin\anvil.exe"
if ($LASTEXITCODE -ne 0) { throw "the app-image build failed" }

$image = "app\target\jpackage\poq"

# A fixed upgrade UUID lets a newer .msi replace an older one instead of installing beside it.
jpackage --type msi --app-image $image --dest app\target\jpackage `
    --name poq --app-version 0.1.0 --vendor PoQ `
    --description "PoQ Desktop: wallet, requester, miner and validator of a Proof of Quality LLM network" `
    --win-menu --win-menu-group PoQ --win-shortcut --win-dir-chooser --win-per-user-install `
    --win-upgrade-uuid 6c1b7a0e-6f0e-4a51-9d0c-5f3b3c0a9e41
if ($LASTEXITCODE -ne 0) { throw "jpackage --type msi failed" }

# The launcher of a GUI app has no console: `poq doctor` output needs one. jpackage makes a second,
# console launcher with --win-console; until the team decides, run doctor from a terminal as
#   "%LOCALAPPDATA%\poq\poq.exe" doctor > doctor.txt
Get-ChildItem app\target\jpackage\*.msi | ForEach-Object { "{0}  {1:N0} MB" -f $_.Name, ($_.Length / 1MB) }
