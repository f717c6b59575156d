import { CodesparError } from "@codespar/protocol";
import type { ApiKeyRecord, KeyMode, ProjectRecord, Store } from "../storage/index.js";
import { hashApiKey, parseApiKey } from "./api-keys.js";

export interface AuthContext {
  project: ProjectRecord;
  key: ApiKeyRecord;
  mode: KeyMode;
}

/**
 * Resolves `Authorization: Bearer csk_…` to a project. Every refusal is the same code with a
 * message that says what is wrong with the header, never echoing the key itself.
 */
export async function authenticate(store: Store, header: string | undefined): Promise<AuthContext> {
  if (!header) throw new CodesparError("unauthorized", "Missing Authorization header; send 'Authorization: Bearer csk_…'");
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!m?.[1]) throw new CodesparError("unauthorized", "Authorization header must be 'Bearer <api key>'");
  const key = m[1];
  if (!parseApiKey(key)) throw new CodesparError("unauthorized", "API key must start with csk_live_ or csk_test_ followed by 32 letters or digits");
  const record = await store.apiKeys.findByHash(hashApiKey(key));
  if (!record || record.revoked_at) throw new CodesparError("unauthorized", "Unknown or revoked API key");
  const project = await store.projects.get(record.project_id);
  if (!project) throw new CodesparError("unauthorized", "Unknown or revoked API key");
  return { project, key: record, mode: record.mode };
}
