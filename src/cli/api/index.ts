/**
 * The commands that call the Remote API through the SDK (src/client): `call`, the resource groups
 * (`projects list`, `timelogs start`, `files upload`, …) and `profile`. Registering them loads
 * neither the SDK nor anything that opens the database; the SDK is imported when one of them runs.
 */
import type { Command } from 'commander';
import { registerCall } from './call.js';
import { registerTransferCommands } from './files.js';
import { registerProfile } from './profile.js';
import { registerResourceCommands } from './resources.js';
import type { Env } from './session.js';
import { registerTimerCommands } from './timelogs.js';

export const API_ENVIRONMENT_HELP = `
API calls (call, projects, actions, ..., profile) read instead:
  TEAMPRO_URL, TEAMPRO_USER, TEAMPRO_PASSWORD (or TEAMPRO_PASSWORD_MD5), TEAMPRO_PROFILE, TEAMPRO_PROFILES`;

export function registerApiCommands(program: Command, env: Env): void {
  registerCall(program, env);
  const groups = registerResourceCommands(program, env);
  registerTimerCommands(groups.get('timelogs')!, env);
  registerTransferCommands(groups.get('files')!, env);
  registerProfile(program, env);
}
