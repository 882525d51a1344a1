// Starts the floor page as public/start.js starts the app (the CSP allows no inline
// script), and sends the event Trunk's own loader sends, which the benchmark waits for.
import init from '/bench-floor.js';

const wasm = await init();
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
