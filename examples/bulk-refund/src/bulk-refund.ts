// The cookbook's bulk-refund.ts, verbatim but for this comment: the import resolves to this
// repository's @codespar/sdk through the npm workspace.
import { CodeSpar } from "@codespar/sdk";

const codespar = new CodeSpar({ apiKey: process.env.CODESPAR_API_KEY! });

export interface RefundJob {
  payment_id: string;
  amount: number; // centavos
  reason: string;
}

export async function bulkRefund(jobs: RefundJob[]) {
  const session = await codespar.create("refund-worker", {
    servers: ["stripe", "asaas", "mercadopago"],
    metadata: { source: "cron:bulk-refund" },
  });

  try {
    const result = await session.loop({
      steps: jobs.map((job) => ({
        tool: "codespar_pay",
        params: {
          action: "refund",
          payment_id: job.payment_id,
          amount: job.amount,
          reason: job.reason,
        },
      })),
      abortOnError: false,
      onStepError: (step, error, index) => {
        console.error(`Refund ${index} failed`, step.params, error);
      },
    });

    return {
      total: jobs.length,
      succeeded: result.results.filter((r) => r.success).length,
      failed: result.results.filter((r) => !r.success),
    };
  } finally {
    await session.close();
  }
}

export { codespar };
