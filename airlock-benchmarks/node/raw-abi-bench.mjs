// V8 (node's built-in WebAssembly) running a raw-ABI plugin the way a host does (docs/abi.md):
// alloc, copy the input in, call the hook, copy the output out, dealloc both buffers. Timed in a
// loop like JMH's average-time mode: warm-up, then measured iterations; prints ns per call.
//
//   node raw-abi-bench.mjs FILE.wasm HOOK SIZE [WARMUP_S] [ITERATIONS] [ITERATION_S]
//
// e.g. `node raw-abi-bench.mjs echo.wasm echo 1024` or `… cpu-burn.wasm fnv1a 102400`. The input
// is SIZE pseudo-random bytes; for `echo` the output must equal the input, for `fnv1a` it must be
// the 64-bit FNV-1a of the input, or the script exits 1.
import { readFileSync } from 'node:fs';

const [file, hookName, sizeArg, warmupArg = '4', itersArg = '5', iterArg = '1'] =
  process.argv.slice(2);
if (!file || !hookName || !sizeArg) {
  console.error('usage: node raw-abi-bench.mjs FILE.wasm HOOK SIZE [WARMUP_S] [ITERATIONS] [ITERATION_S]');
  process.exit(2);
}
const size = Number(sizeArg);

const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
const { memory, alloc, dealloc, _initialize } = instance.exports;
const hook = instance.exports[hookName];
if (_initialize) _initialize();

// xorshift32: reproducible bytes without Math.random.
const input = new Uint8Array(size);
for (let i = 0, x = 7; i < size; i++) {
  x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
  input[i] = x & 0xff;
}

let view = new Uint8Array(memory.buffer);
function heap() {
  // memory.grow detaches the old buffer; take a new view when it did.
  if (view.buffer !== memory.buffer) view = new Uint8Array(memory.buffer);
  return view;
}

function call(bytes) {
  const len = bytes.length;
  const ptr = alloc(len);
  heap().set(bytes, ptr);
  const packed = hook(ptr, len); // i64 arrives as a BigInt
  let out = new Uint8Array(0);
  if (packed !== 0n) {
    const outPtr = Number(packed >> 32n);
    const outLen = Number(packed & 0xffffffffn);
    out = heap().slice(outPtr, outPtr + outLen); // a copy, as the JVM hosts make
    dealloc(outPtr, outLen);
  }
  dealloc(ptr, len);
  return out;
}

function expected() {
  if (hookName === 'echo') return input;
  if (hookName === 'fnv1a') {
    let h = 0xcbf29ce484222325n;
    for (const b of input) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, h, true);
    return out;
  }
  return null;
}

const want = expected();
const got = call(input);
if (want && (got.length !== want.length || got.some((b, i) => b !== want[i]))) {
  console.error(`${hookName}: wrong output (${got.length} bytes)`);
  process.exit(1);
}

let sink = 0;
function iteration(seconds) {
  const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let calls = 0;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 64; i++) sink += call(input).length;
    calls += 64;
    now = process.hrtime.bigint();
  }
  return Number(now - start) / calls;
}

iteration(Number(warmupArg));
const results = [];
for (let i = 0; i < Number(itersArg); i++) results.push(iteration(Number(iterArg)));
const mean = results.reduce((a, b) => a + b, 0) / results.length;
console.log(JSON.stringify({
  runtime: `node ${process.version} (V8 ${process.versions.v8})`,
  module: file.split('/').pop(),
  hook: hookName,
  size,
  ns_per_call: Number(mean.toFixed(1)),
  min_ns: Number(Math.min(...results).toFixed(1)),
  max_ns: Number(Math.max(...results).toFixed(1)),
  iterations: results.length,
  sink: sink > 0,
}));
