package org.poq.miner.engine;

/**
 * Where a loaded model runs, as llama.cpp reported it while loading.
 *
 * @param offloadedLayers layers on the GPU; 0 on the CPU
 * @param device          the GPU's name as llama.cpp gives it, or "CPU"
 */
public record Backend(Kind kind, String device, int offloadedLayers, int totalLayers) {
    public enum Kind { CPU, GPU }

    public static Backend cpu(int totalLayers) {
        return new Backend(Kind.CPU, "CPU", 0, totalLayers);
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "CPU" : "GPU " + device + " (" + offloadedLayers + "/" + totalLayers + " layers)";
    }
}
