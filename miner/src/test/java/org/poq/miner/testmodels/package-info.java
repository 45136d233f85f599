/**
 * Small GGUF models with random weights and real shapes, tokenizers and chat templates, written by
 * Java code. Test scope (the miner's test jar): other modules' tests need a model without Python, the
 * benchmark writes its larger one, and resources/models/make-test-models.sh runs {@link
 * org.poq.miner.testmodels.TestModels} for manual runs. Nothing in the application writes a test model
 * at run time: the demo's model ships as a resource made once by this generator (app's DemoModel).
 */
package org.poq.miner.testmodels;
