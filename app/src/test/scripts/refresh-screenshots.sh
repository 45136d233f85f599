#!/usr/bin/env bash
# Regenerates the screenshots the README and docs/gui.md show (docs/screenshots/*.png) from the real
# window: GuiFlowTest (a real round on anvil, the demo GGUF through llama.cpp, all-MiniLM-L6-v2 through
# ONNX Runtime; ask, miner, validator, wallet, network, first run, the dark theme) and WalletWindowTest
# (the Wallet and first-run screens at 1180x800 and 900x650). Each is Scene.snapshot of the window the
# test drives (JavaFX's software renderer under Monocle, so no X server is needed), written only when
# -Dpoq.screenshots.dir is set. Takes several minutes; run it on a quiet machine, then review and commit
# the changed PNGs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
cd "$ROOT"
DJL_OFFLINE=true mvn -B -ntp -pl app -am test -Dtest='GuiFlowTest,WalletWindowTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dpoq.screenshots.dir="$ROOT/docs/screenshots"
git status --short docs/screenshots
