export { startDevEnvironment, type DevEnvironment, type DevEnvironmentOptions } from "./dev/dev-environment.js";
export { buildProgram, main } from "./main.js";
export { CLI_BIN, freePort, killHard, peakRssMb, runCli, startCli, startServe, startWithStateFile, startWorker, type CliProcess } from "./process/cli-process.js";
export { renderTable } from "./output/table.js";
