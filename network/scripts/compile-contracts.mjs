// Compiles the PoQ contracts offline with the pinned npm solc and writes ABI + bytecode next to the
// Java sources, where web3j codegen turns them into wrappers at every Maven build.
//   node network/scripts/compile-contracts.mjs           write the artifacts
//   node network/scripts/compile-contracts.mjs --check   fail if the committed artifacts differ
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const solc = require('solc');
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const srcDir = path.join(root, 'network', 'src', 'main', 'solidity');
const outDir = path.join(root, 'network', 'src', 'main', 'resources', 'org', 'poq', 'network', 'contracts');
const contracts = ['PoqToken', 'NodeRegistry', 'TaskMarket', 'PoqTimelock', 'DrandBeacon'];
// contracts that only attack tests deploy (an EIP-7702 delegate); their bytecode goes to the test resources
const testSrcDir = path.join(root, 'network', 'src', 'test', 'solidity');
const testOutDir = path.join(root, 'network', 'src', 'test', 'resources', 'org', 'poq', 'network', 'attacks');
const testContracts = ['SelfDealingRequester', 'CallbackRandomness', 'TaskFlooder'];
const EXPECTED_SOLC = '0.8.37';

if (!solc.version().startsWith(EXPECTED_SOLC)) {
  console.error(`solc ${solc.version()} found, ${EXPECTED_SOLC} pinned: run npm ci`);
  process.exit(1);
}

const sources = {};
for (const f of fs.readdirSync(srcDir).filter((f) => f.endsWith('.sol')).sort()) {
  sources[f] = { content: fs.readFileSync(path.join(srcDir, f), 'utf8') };
}
for (const f of fs.readdirSync(testSrcDir).filter((f) => f.endsWith('.sol')).sort()) {
  sources[`test/${f}`] = { content: fs.readFileSync(path.join(testSrcDir, f), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: 'shanghai',
    viaIR: true,
    optimizer: { enabled: true, runs: 200 },
    metadata: { bytecodeHash: 'none' },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};

function findImports(p) {
  const candidate = path.join(root, 'node_modules', p);
  if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') };
  return { error: `not found: ${p}` };
}

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
// warnings inside OpenZeppelin's sources are theirs to fix; ours are printed
for (const e of output.errors || []) {
  if (e.severity === 'error' || !(e.sourceLocation?.file || '').startsWith('@openzeppelin/')) console.error(e.formattedMessage);
}
if (errors.length) process.exit(1);

const check = process.argv.includes('--check');
let stale = 0;
fs.mkdirSync(outDir, { recursive: true });
fs.mkdirSync(testOutDir, { recursive: true });
const targets = contracts.map((name) => [name, `${name}.sol`, outDir])
  .concat(testContracts.map((name) => [name, `test/${name}.sol`, testOutDir]));
// A deployed contract's code may not exceed 24,576 bytes (EIP-170): each one deployed, the views included, is checked.
function checkSize(name, c) {
  const runtimeSize = c.evm.deployedBytecode.object.length / 2;
  console.log(`${name}: ${runtimeSize} bytes deployed (limit 24576)`);
  if (runtimeSize > 24576) {
    console.error(`${name} exceeds the EIP-170 contract size limit`);
    process.exit(1);
  }
}

// TaskMarket hands the calls it does not know to TaskMarketViews (its constructor creates it) by delegatecall
// (docs/decisions/0051): its ABI is its own plus the views' functions, and each of those must be view or pure,
// so that the fallback can read the market's storage and never write it.
function withViews(name, abi) {
  if (name !== 'TaskMarket') return abi;
  const views = output.contracts['TaskMarketViews.sol'].TaskMarketViews;
  checkSize('TaskMarketViews', views);
  const signature = (f) => `${f.name}(${f.inputs.map((i) => i.type).join(',')})`;
  const own = new Set(abi.filter((e) => e.type === 'function').map(signature));
  const added = views.abi.filter((e) => e.type === 'function' && !own.has(signature(e)));
  for (const f of added) {
    if (f.stateMutability !== 'view' && f.stateMutability !== 'pure') {
      console.error(`TaskMarketViews.${signature(f)} is ${f.stateMutability}: only view or pure functions may run through the market's fallback`);
      process.exit(1);
    }
  }
  return abi.concat(added);
}

for (const [name, source, dir] of targets) {
  const c = output.contracts[source][name];
  const files = {
    [`${name}.abi`]: JSON.stringify(withViews(name, c.abi), null, 1) + '\n',
    [`${name}.bin`]: c.evm.bytecode.object,
  };
  checkSize(name, c);
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(dir, file);
    if (check) {
      const committed = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
      if (committed !== text) {
        console.error(`stale artifact: ${path.relative(root, target)} differs from a fresh compile`);
        stale++;
      }
    } else {
      fs.writeFileSync(target, text);
    }
  }
}
if (stale) process.exit(1);
console.log(check ? 'contract artifacts match the sources' : `artifacts written to ${path.relative(root, outDir)}`);
