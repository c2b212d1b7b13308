// A worker thread that runs a TypeScript module: tsx's hooks, registered in the main thread by
// `--import tsx`, do not reach workers (Node 20), so the worker registers them itself first.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.module);
