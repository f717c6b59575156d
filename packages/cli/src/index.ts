export { startDevEnvironment, type DevEnvironment, type DevEnvironmentOptions } from "./dev/dev-environment.js";
export { buildProgram, main } from "./main.js";
