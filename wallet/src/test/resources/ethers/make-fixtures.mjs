// Writes the ethers-made fixtures of the wallet tests. Run from a folder with ethers v6 installed
// (npm install ethers@6), e.g.: node make-fixtures.mjs <this folder>
// ethers is not a dependency of the build: the fixtures are committed.
import { Wallet, HDNodeWallet, Mnemonic, getAddress, encryptKeystoreJson } from "ethers";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2] ?? ".";
const key = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
// "María" decomposed (NFD): ethers normalises passwords to NFKC before scrypt.
const nfdPassword = "Mari\u0301a pass\u0301word";
const w = new Wallet(key);
const fast = { scrypt: { N: 1 << 12 } };
const acct = { address: w.address, privateKey: key };
writeFileSync(join(out, "nfd-password.json"), await encryptKeystoreJson(acct, nfdPassword, fast));
writeFileSync(join(out, "ethers-default.json"), await w.encrypt("ethers default cost"));
// the same file with a cost no wallet should run: scrypt n = 2^26 (8 GiB at r = 8)
const costly = JSON.parse(await encryptKeystoreJson(acct, "costly", fast));
costly.Crypto.kdfparams.n = 1 << 26;
writeFileSync(join(out, "scrypt-2-26.json"), JSON.stringify(costly));
// phrase with a BIP-39 passphrase: addresses 0..2 of m/44'/60'/0'/0/i
const phrase = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
const addrs = [0, 1, 2].map(i => HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(phrase, "TREZOR"), `m/44'/60'/0'/0/${i}`).address);
writeFileSync(join(out, "passphrase-accounts.json"), JSON.stringify({ phrase, passphrase: "TREZOR", addresses: addrs }, null, 2));
console.log("address", w.address, "passphrase accounts", addrs.map(getAddress));
