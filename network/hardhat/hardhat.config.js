// The Hardhat node the chain-implementation tests start (HardhatProcess): its settings come from the
// environment, so one file serves every run. Hardhat 2 wants its config inside the project that
// installed it, hence this folder in the repository rather than a temporary one.
const env = process.env;
const interval = Number(env.POQ_HARDHAT_BLOCK_MS || 0);
module.exports = {
  networks: {
    hardhat: {
      chainId: Number(env.POQ_HARDHAT_CHAIN_ID || 31337),
      hardfork: env.POQ_HARDHAT_HARDFORK || "osaka",
      mining: interval > 0 ? { auto: false, interval } : { auto: true },
      accounts: { mnemonic: "test test test test test test test test test test test junk", count: Number(env.POQ_HARDHAT_ACCOUNTS || 30) },
    },
  },
};
