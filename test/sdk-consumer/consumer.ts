// Compiled by test/sdk-types.test.ts against the built package, as an integrator's code would be.
import { TeamProClient, TeamProError } from 'teampro/client';

const client = new TeamProClient({ url: 'http://127.0.0.1:8080/api.php', username: 'admin', password: 'secret' });

export async function firstProjectName(): Promise<string | undefined> {
  try {
    const { projects } = await client.projects.list({ limit: 1 });
    return projects[0]?.name;
  } catch (error) {
    if (error instanceof TeamProError) return `failed with ${error.code}`;
    throw error;
  }
}
