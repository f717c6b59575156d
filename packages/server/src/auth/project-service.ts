import { CodesparError } from "@codespar/protocol";
import { newId } from "../ids.js";
import type { KeyMode, ProjectRecord, Store } from "../storage/index.js";
import { displayPrefix, generateApiKey, hashApiKey } from "./api-keys.js";

export interface CreatedKey {
  project: ProjectRecord;
  /** The only time the full key exists outside its holder's hands. */
  apiKey: string;
  keyId: string;
  mode: KeyMode;
}

const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export async function ensureProject(store: Store, name: string, homeCurrency: string): Promise<ProjectRecord> {
  if (!PROJECT_NAME.test(name)) {
    throw new CodesparError("invalid_request", "Project name must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit", { field: "project" });
  }
  const existing = await store.projects.getByName(name);
  if (existing) return existing;
  const project: ProjectRecord = { id: newId("proj"), name, home_currency: homeCurrency, created_at: new Date().toISOString() };
  await store.projects.insert(project);
  return project;
}

/** Creates the project if needed and a new key for it; returns the key once. */
export async function createApiKey(store: Store, projectName: string, mode: KeyMode, homeCurrency: string): Promise<CreatedKey> {
  const project = await ensureProject(store, projectName, homeCurrency);
  const apiKey = generateApiKey(mode);
  const keyId = newId("key");
  await store.apiKeys.insert({
    id: keyId,
    project_id: project.id,
    mode,
    display_prefix: displayPrefix(apiKey),
    key_hash: hashApiKey(apiKey),
    created_at: new Date().toISOString(),
    revoked_at: null,
  });
  return { project, apiKey, keyId, mode };
}
