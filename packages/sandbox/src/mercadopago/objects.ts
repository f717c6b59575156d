import { toMajor } from "../money.js";
import { approvedAmount, type MpPayment, type MpRefund } from "./store.js";

/** Mercado Pago's cut, to fill net_received_amount and fee_details plausibly. */
function fee(p: MpPayment): number {
  const basisPoints = p.paymentTypeId === "bank_transfer" ? 99 : 498;
  return Math.round((p.amount * basisPoints) / 10_000);
}

export function refundObject(r: MpRefund, collectorId: number): Record<string, unknown> {
  return {
    id: r.id,
    payment_id: r.paymentId,
    amount: toMajor(r.amount),
    metadata: r.metadata,
    source: { id: String(collectorId), name: "Sandbox Seller", type: "collector" },
    date_created: r.dateCreated,
    unique_sequence_number: null,
    refund_mode: "standard",
    adjustment_amount: 0,
    status: r.status,
    reason: null,
    labels: [],
    amount_refunded_to_payer: toMajor(r.status === "approved" ? r.amount : 0),
    partition_details: [],
  };
}

export function paymentObject(p: MpPayment, collectorId: number): Record<string, unknown> {
  const mpFee = fee(p);
  return {
    id: p.id,
    date_created: p.dateCreated,
    date_approved: p.dateCreated,
    date_last_updated: p.dateLastUpdated,
    date_of_expiration: null,
    money_release_date: p.dateCreated,
    operation_type: "regular_payment",
    payment_method_id: p.paymentMethodId,
    payment_type_id: p.paymentTypeId,
    status: p.status,
    status_detail: p.statusDetail,
    currency_id: p.currency,
    description: p.description,
    live_mode: false,
    collector_id: collectorId,
    payer: { id: null, email: p.payerEmail, type: null, identification: { type: null, number: null } },
    metadata: p.metadata,
    external_reference: p.externalReference,
    transaction_amount: toMajor(p.amount),
    transaction_amount_refunded: toMajor(approvedAmount(p)),
    coupon_amount: 0,
    installments: p.installments,
    transaction_details: {
      net_received_amount: toMajor(p.amount - mpFee),
      total_paid_amount: toMajor(p.amount),
      overpaid_amount: 0,
      installment_amount: toMajor(Math.round(p.amount / p.installments)),
      external_resource_url: null,
      financial_institution: null,
    },
    fee_details: [{ type: "mercadopago_fee", amount: toMajor(mpFee), fee_payer: "collector" }],
    captured: true,
    binary_mode: false,
    refunds: p.refunds.map((r) => refundObject(r, collectorId)),
  };
}
