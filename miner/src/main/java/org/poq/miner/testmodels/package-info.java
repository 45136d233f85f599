/**
 * Small GGUF models with random weights and real shapes, tokenizers and chat templates, written by
 * Java code. In the main artifact (not only the tests) because the benchmark and the command line
 * ({@code poq models make-test}) use them too, and other modules' tests need a model without Python.
 */
package org.poq.miner.testmodels;
