// The stand-in alicloud provider's process: what Terraform runs, through the wrapper script the
// runner writes into its filesystem mirror (runner.ts). Not for running by hand.
import { loadProtocol, servePlugin } from './go-plugin';
import { providerService } from './provider-service';
import { APPLY_DELAY_ENV, loadProviderFacts, loadProviderSchema } from './schema';
import { StandInProvider } from './stand-in-provider';

const provider = new StandInProvider(loadProviderSchema(), loadProviderFacts());
const applyDelayMs = Number(process.env[APPLY_DELAY_ENV] ?? 0) || 0;
servePlugin(loadProtocol(), { provider: providerService(provider, { applyDelayMs }) }).catch((error: Error) => {
  process.stderr.write(`terraform-provider-alicloud (offline stand-in): ${error.message}\n`);
  process.exit(1);
});
