/*
 * The intake module's words, shared by its rules and its contracts (intake.schemas.ts). No imports:
 * the web reads these through the schemas' types.
 */

/** VEL's service categories for substance-use institutions (DOMAIN.md, "VEL substance-use institutions"). */
export const UNIT_CATEGORIES = [
  'acute',
  'assessment',
  'coping',
  'resource_centre',
  'care_drug_free',
  'care_active_use',
  'reinforced_care',
  'reinforced_housing_treatment',
] as const;
export type UnitCategory = (typeof UNIT_CATEGORIES)[number];

/**
 * The normed length of stay of each category in days (the upper bound the category table gives:
 * acute 1–3 days, assessment up to 90 days, one year, two years); null where it gives none.
 */
export const NORMED_STAY_DAYS: Record<UnitCategory, number | null> = {
  acute: 3,
  assessment: 90,
  coping: 365,
  resource_centre: 365,
  care_drug_free: 365,
  care_active_use: 730,
  reinforced_care: null,
  reinforced_housing_treatment: 730,
};

/** Whether a unit is a drug-free setting or for people in active use. */
export const SUBSTANCE_POLICIES = ['drug_free', 'active_use'] as const;
export type SubstancePolicy = (typeof SUBSTANCE_POLICIES)[number];

/** Who a unit takes in. */
export const UNIT_GENDERS = ['any', 'women', 'men'] as const;
export type UnitGender = (typeof UNIT_GENDERS)[number];

/** Who runs a unit: the municipality itself (VEL, egenregi) or a non-profit VEL buys places from. */
export const UNIT_OPERATORS = ['municipal', 'non_profit'] as const;
export type UnitOperator = (typeof UNIT_OPERATORS)[number];

/**
 * What a unit row stands for: one named institution, or a category's places in the city's
 * reporting (Figur 55/57) where the source does not split them per institution.
 */
export const UNIT_GRANULARITIES = ['institution', 'category'] as const;
export type UnitGranularity = (typeof UNIT_GRANULARITIES)[number];

/** Where a resident went when a stay ended. */
export const DISCHARGE_DESTINATIONS = ['own_home', 'other_institution', 'hospital', 'prison', 'unknown'] as const;
export type DischargeDestination = (typeof DISCHARGE_DESTINATIONS)[number];

/** What a request asks for about substance use: a drug-free setting, one for active use, or either. */
export const SUBSTANCE_NEEDS = ['drug_free', 'active_use', 'either'] as const;
export type SubstanceNeed = (typeof SUBSTANCE_NEEDS)[number];

/** The person's gender as the decision states it (units take women, men or anyone). */
export const PERSON_GENDERS = ['woman', 'man', 'other'] as const;
export type PersonGender = (typeof PERSON_GENDERS)[number];

/** How soon a request needs a place; the waiting list is ordered by this first. */
export const URGENCIES = ['acute', 'high', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** A request's statuses (request-status.ts has the transitions between them). */
export const REQUEST_STATUSES = ['sent', 'received', 'offered', 'accepted', 'admitted', 'rejected', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** What can happen to a request; `offer_ended` is the offer's hold released or expired, not a choice. */
export const REQUEST_ACTIONS = ['receive', 'offer', 'accept', 'decline', 'offer_ended', 'admit', 'reject', 'withdraw'] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];
