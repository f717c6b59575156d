/** A card behind one of Stripe's documented test payment methods or tokens. */
export interface TestCard {
  brand: string;
  last4: string;
  country: string;
  funding: "credit" | "debit";
  declines: boolean;
}

const visa: TestCard = { brand: "visa", last4: "4242", country: "US", funding: "credit", declines: false };
const mastercard: TestCard = { brand: "mastercard", last4: "4444", country: "US", funding: "credit", declines: false };
const amex: TestCard = { brand: "amex", last4: "8431", country: "US", funding: "credit", declines: false };
const brazil: TestCard = { brand: "visa", last4: "0002", country: "BR", funding: "credit", declines: false };
const mexico: TestCard = { brand: "visa", last4: "0005", country: "MX", funding: "credit", declines: false };
const declined: TestCard = { brand: "visa", last4: "0002", country: "US", funding: "credit", declines: true };

const CARDS: Record<string, TestCard> = {
  pm_card_visa: visa,
  pm_card_mastercard: mastercard,
  pm_card_amex: amex,
  pm_card_br: brazil,
  pm_card_mx: mexico,
  pm_card_chargeDeclined: declined,
  pm_card_visa_chargeDeclined: declined,
  tok_visa: visa,
  tok_mastercard: mastercard,
  tok_amex: amex,
  tok_br: brazil,
  tok_mx: mexico,
  tok_chargeDeclined: declined,
  tok_visa_chargeDeclined: declined,
};

/** The test card for a pm_card_… or tok_… shortcut, or undefined when Stripe would not know it. */
export function testCard(id: string): TestCard | undefined {
  return Object.hasOwn(CARDS, id) ? CARDS[id] : undefined;
}
