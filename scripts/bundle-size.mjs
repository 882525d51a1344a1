// The release bundle's size budgets, checked by the test command after
// `trunk build --release` (issue 9), brotli-compressed (quality 11, as a static
// server would ship them):
//   - the first wasm (latchkey_bg.wasm: the shell and the Doors page),
//     which every visit downloads before a page shows: ≤ 250 kB;
//   - each wasm fetched on demand (split_*.wasm: sign-in, the other pages;
//     chunk_*.wasm: code two of those share): ≤ 250 kB;
//   - the JS glue plus CSS: ≤ 40 kB.
// Prints every size; exits 1 naming what is over its budget.
//
//   node scripts/bundle-size.mjs [dist]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const FIRST_WASM = 'latchkey_bg.wasm';
const BUDGETS = { 'first wasm': 250_000, 'each on-demand wasm': 250_000, 'js+css': 40_000 };

const dist = process.argv[2] ?? 'dist';
const brotli = (file) =>
  brotliCompressSync(readFileSync(file), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const files = readdirSync(dist);
const sizes = { 'first wasm': 0, 'each on-demand wasm': 0, 'js+css': 0 };
let allWasm = 0;
for (const name of files) {
  const isWasm = name.endsWith('.wasm');
  if (!isWasm && !/\.(js|css)$/.test(name)) continue;
  const size = brotli(join(dist, name));
  console.log(`  ${name}: ${size.toLocaleString('en')} B brotli`);
  if (!isWasm) sizes['js+css'] += size;
  else if (name === FIRST_WASM) sizes['first wasm'] = size;
  else sizes['each on-demand wasm'] = Math.max(sizes['each on-demand wasm'], size);
  if (isWasm) allWasm += size;
}
if (sizes['first wasm'] === 0) {
  console.error(`✗ no ${FIRST_WASM} in ${dist}: build the app first (trunk build --release)`);
  process.exit(1);
}
let over = false;
for (const [kind, budget] of Object.entries(BUDGETS)) {
  const ok = sizes[kind] <= budget;
  over ||= !ok;
  const label = kind === 'each on-demand wasm' ? 'largest on-demand wasm' : kind;
  console.log(`${ok ? '✓' : '✗'} ${label}: ${sizes[kind].toLocaleString('en')} B brotli (budget ${budget.toLocaleString('en')} B)`);
}
console.log(`  all wasm together: ${allWasm.toLocaleString('en')} B brotli`);
if (over) {
  console.error('✗ the bundle is over its size budget');
  process.exit(1);
}
