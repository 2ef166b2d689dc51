/*
 * The words of the intake module's transitions (immediate discharge, re-placement, user-controlled
 * places, quality of life), shared by its rules and contracts. No imports: the web reads these
 * through the schemas' types.
 */

/** Why a stay ended at once (DOMAIN.md: immediate discharge is for violence or threats). */
export const INCIDENT_KINDS = ['violence', 'threats'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** Who may own a re-placement task (policy note ch. 4.3/5.3: the institution, common intake, the district, HEL's team). */
export const TASK_OWNER_TEAMS = ['common_intake', 'institution', 'district', 'psychosocial_team'] as const;
export type TaskOwnerTeam = (typeof TASK_OWNER_TEAMS)[number];

/** How a re-placement task ended. */
export const TASK_OUTCOMES = ['placed', 'other_service', 'own_home', 'declined', 'unreachable', 'other'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

/** The open tasks' age groups on the overview; `overdue` (past the deadline) wins over age. */
export const TASK_AGE_BUCKETS = ['under_24h', 'one_to_three_days', 'over_three_days', 'overdue'] as const;
export type TaskAgeBucket = (typeof TASK_AGE_BUCKETS)[number];

/** What came of a user-controlled stay request. */
export const USER_CONTROLLED_OUTCOMES = ['granted', 'unit_full'] as const;
export type UserControlledOutcome = (typeof USER_CONTROLLED_OUTCOMES)[number];

/** Where the quality-of-life question was asked: its scale is 1–7 in a district, 1–5 in an institution. */
export const QUALITY_OF_LIFE_SETTINGS = ['district', 'institution'] as const;
export type QualityOfLifeSetting = (typeof QUALITY_OF_LIFE_SETTINGS)[number];
export const QUALITY_OF_LIFE_MAX: Record<QualityOfLifeSetting, number> = { district: 7, institution: 5 };
