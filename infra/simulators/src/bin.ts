import { startErpSimulator } from './erp';
import { startUtilitySimulator } from './utility';
import { startWebhookReceiver } from './webhook-receiver';
import type { SimCompound } from './types';

/**
 * Runs the simulators standalone on fixed ports:
 *   SIM_SEED (default 7), SIM_RECORDS (default 2000 per feed), SIM_FIRM_ID,
 *   SIM_COMPOUNDS (JSON [{ "id": "...", "gates": ["N1"] }]; default one placeholder compound),
 *   SIM_ERP_A_PORT 4101, SIM_ERP_B_PORT 4102, SIM_UTILITY_PORT 4103,
 *   SIM_WEBHOOK_PORT 4104 with SIM_WEBHOOK_SECRET (whsec_…; no receiver without it),
 *   SIM_ERROR_RATE, SIM_LATENCY_MS, SIM_DUPLICATE_RATE, SIM_MALFORMED_RATE, SIM_TIMEOUT_RATE.
 */
async function main(): Promise<void> {
  const env = process.env;
  const number = (name: string, fallback: number) => (env[name] === undefined || env[name] === '' ? fallback : Number(env[name]));
  const compounds: SimCompound[] = env.SIM_COMPOUNDS ? JSON.parse(env.SIM_COMPOUNDS) : [{ id: '00000000-0000-7000-8000-000000000001', gates: ['N1', 'S1'] }];
  const seed = env.SIM_SEED ?? 7;
  const records = number('SIM_RECORDS', 2000);
  const knobs = {
    errorRate: number('SIM_ERROR_RATE', 0),
    latencyMs: number('SIM_LATENCY_MS', 0),
    duplicateRate: number('SIM_DUPLICATE_RATE', 0),
    malformedRate: number('SIM_MALFORMED_RATE', 0),
    timeoutRate: number('SIM_TIMEOUT_RATE', 0),
  };
  const firmId = env.SIM_FIRM_ID ?? '00000000-0000-7000-8000-0000000000f1';
  const running = [
    await startErpSimulator({ shape: 'erp-a', seed: `${seed}:a`, firmId, compounds, records, port: number('SIM_ERP_A_PORT', 4101), knobs }),
    await startErpSimulator({ shape: 'erp-b', seed: `${seed}:b`, firmId, compounds, records, port: number('SIM_ERP_B_PORT', 4102), knobs }),
    await startUtilitySimulator({ seed: `${seed}:u`, compounds, records, port: number('SIM_UTILITY_PORT', 4103), knobs }),
  ];
  const receiver = env.SIM_WEBHOOK_SECRET ? await startWebhookReceiver({ secret: env.SIM_WEBHOOK_SECRET, port: number('SIM_WEBHOOK_PORT', 4104) }) : null;
  console.log(`erp-a ${running[0].url}/api/v1/changes  erp-b ${running[1].url}/openapi/records  utility-grid ${running[2].url}/grid/v2/feed${receiver ? `  webhooks ${receiver.url}` : ''}`);
  const stop = async () => {
    await Promise.all([...running.map((r) => r.stop()), receiver?.stop()]);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
