// Starts the app: loads the wasm (built by scripts/build-wasm.sh) and runs it. Then
// sends the event Trunk's own loader sends, so whatever waits for it (the benchmark's
// memory probe) works the same.
import init from '/latchkey.js';

const wasm = await init();
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
