import type { ServerContext } from '../context.ts';
import { DEMO_BOT_USERNAME } from './accounts.ts';
import { startDemoBot } from './demo-bot.ts';
import type { DemoBot, DemoBotOps } from './demo-bot.ts';
import { seedDemo } from './seed.ts';

export { DEMO_ACCOUNTS, DEMO_BOT_USERNAME, DEMO_USERNAME } from './accounts.ts';

/** `--demo`: seeds the demo world on first start (a no-op afterwards) and runs the demo producer. */
export async function startDemo(ctx: ServerContext, handlers: DemoBotOps): Promise<DemoBot> {
  await seedDemo(ctx);
  const bot = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', DEMO_BOT_USERNAME)
    .executeTakeFirstOrThrow();
  return startDemoBot(ctx, handlers, bot.id);
}
