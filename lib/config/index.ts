export { getConfig, parseConfig, ZEnv, type AppConfig, type DatabaseKind, type TEnv } from "./env";
