import { readFileSync } from 'node:fs';
import type { Db } from '../platform/db.ts';
import { auditRelease, protect } from './disclosure/protect.ts';
import { latestReleaseRow } from './stats.repository.ts';
import { importTable, isSeeded, makeRelease, SEED_RELEASER } from './stats.service.ts';

/*
 * The default dataset of a fresh install: the published Oslo tables in seed/stats, imported
 * through the same validation as any import, once (a file already imported unchanged is
 * skipped), all in one transaction. Where each file comes from is in seed/README.md.
 */

const SEED_DIR = new URL('../../seed/stats/', import.meta.url);

const RS2025 = '«Helhetlig russtatistikk, vår 2025» (RS2025), Velferdsetaten, Oslo kommune';
const REPORT = { sourceSystem: 'RS2025 (PDF report), extracted to CSV', extractionDate: '2025-05-01' };

/** Each seed file, its layout and what its import records (the report's month: it states no day). */
export const SEED_FILES: { file: string; layout: string; source: string; sourceSystem?: string; extractionDate?: string }[] = [
  {
    file: 'population_by_district_2025.csv',
    layout: 'population',
    source: `${RS2025} kap. 2 Figur 1 and kap. 14.2 Figur 44`,
    sourceSystem: 'SSB population statistics as printed in RS2025',
    extractionDate: '2025-01-01',
  },
  { file: 'district_key_figures.csv', layout: 'key_figures', source: `${RS2025} kap. 3` },
  { file: 'district_key_figures_stated_totals.csv', layout: 'key_figures', source: `${RS2025} kap. 3 (the Oslo totals the boxes state)` },
  { file: 'district_narrative_figures.csv', layout: 'narrative', source: `${RS2025} (district texts)` },
  { file: 'district_services_2024.csv', layout: 'district_services', source: `${RS2025} kap. 4 Figur 3 (PRiOslo, June 2024)` },
  { file: 'fig02_staff_years_adults_per_10000_as_labelled_2023.csv', layout: 'fig02', source: `${RS2025} kap. 2 Figur 2` },
  { file: 'fig07_gp_lists_coverage_waiting_list_by_district_2023.csv', layout: 'fig07', source: `${RS2025} kap. 5 Figur 7` },
  { file: 'fig08_housing_situation_assessment_by_district_2023.csv', layout: 'fig08', source: `${RS2025} kap. 6.1 Figur 8` },
  { file: 'fig09_housing_need_by_district_2020_2022_2024.csv', layout: 'fig09', source: `${RS2025} kap. 6.2 Figur 9` },
  { file: 'fig10_recommended_housing_type_by_district_2024.csv', layout: 'fig10', source: `${RS2025} kap. 6.2 Figur 10` },
  { file: 'fig11_new_municipal_housing_allocations_by_district_2022_2023.csv', layout: 'fig11', source: `${RS2025} kap. 6.3 Figur 11` },
  { file: 'fig12_boligbygg_dwellings_by_size_by_district_2024.csv', layout: 'fig12', source: `${RS2025} kap. 6.4 Figur 12` },
  { file: 'fig13_nonprofit_work_offers_without_drug_free_requirement.csv', layout: 'fig13', source: `${RS2025} kap. 7.2 Figur 13` },
  { file: 'fig14_nonprofit_activity_offers_with_drug_free_requirement.csv', layout: 'fig14', source: `${RS2025} kap. 7.2 Figur 14` },
  { file: 'fig19_stays_by_institution_category_by_district_2024_percent.csv', layout: 'fig19', source: `${RS2025} kap. 8.4 Figur 19` },
  { file: 'fig36_field_nursing_consultations_patients_2019_2024.csv', layout: 'fig36', source: `${RS2025} kap. 11.1 Figur 36` },
  { file: 'fig40_drop_in_centres_users_2023.csv', layout: 'fig40', source: `${RS2025} kap. 11.7 Figur 40` },
  { file: 'fig47_child_welfare_emergency_cases_substance_use_2021_2024.csv', layout: 'fig47', source: `${RS2025} kap. 14.3` },
  { file: 'fig49_youth_substance_emergency_contacts_legevakten_2019_2023.csv', layout: 'fig49', source: `${RS2025} kap. 14.5 Figur 49` },
  { file: 'fig50_drug_offence_reports_suspects_10_17_2019_2023.csv', layout: 'fig50', source: `${RS2025} kap. 14.6 Figur 50` },
  { file: 'fig51_user_involvement_self_assessment_2023.csv', layout: 'fig51', source: `${RS2025} kap. 15.1 Figur 51` },
  { file: 'fig53_quality_of_life_mean_score_by_district_2021_2024.csv', layout: 'fig53', source: `${RS2025} kap. 15.2 Figur 53` },
  { file: 'fig55_quality_of_life_municipal_institutions_by_category_2023.csv', layout: 'fig55', source: `${RS2025} kap. 15.3 Figur 55` },
  { file: 'fig57_quality_of_life_nonprofit_institutions_by_category_2023.csv', layout: 'fig57', source: `${RS2025} kap. 15.3 Figur 57` },
  { file: 'fig59_staff_years_adults_by_district_2019_2023.csv', layout: 'fig59', source: `${RS2025} kap. 16.1 Figur 59` },
  { file: 'fig61_staff_years_adults_per_10000_by_category_by_district_2023.csv', layout: 'fig61', source: `${RS2025} kap. 16.1 Figur 61` },
  { file: 'fig62_staff_years_children_youth_by_district_2019_2023.csv', layout: 'fig62', source: `${RS2025} kap. 16.2 Figur 62` },
  {
    file: 'fig64_staff_years_children_per_10000_by_category_by_district_2023.csv',
    layout: 'fig64',
    source: `${RS2025} kap. 16.2 Figur 64`,
  },
  { file: 'ch13_drug_court_programme_nd_figures_2023_2024.csv', layout: 'ch13', source: `${RS2025} kap. 13` },
  {
    file: 'institution_places.csv',
    layout: 'institution_places',
    source: `${RS2025} and the district-reform note (NOTAT), as stated per row`,
  },
];

export const SEED_IMPORTER = SEED_RELEASER;

/**
 * Imports every seed file not imported yet, and makes a release when it imported any (or there is
 * none yet), so a fresh install publishes statistics with no manual step. Answers how many files
 * were imported now and the release made, if one was. Throws (and stores nothing) if one is refused.
 */
export async function seedStatistics(db: Db): Promise<{ imported: number; release: number | null }> {
  const { imported } = await importSeedFiles(db);
  if (imported === 0 && (await latestReleaseRow(db))) return { imported, release: null };
  const made = await makeRelease(db, { protector: protect, auditor: auditRelease, createdBy: SEED_RELEASER });
  return { imported, release: made.created ? made.release.id : null };
}

async function importSeedFiles(db: Db): Promise<{ imported: number }> {
  return db.transaction().execute(async (trx) => {
    let imported = 0;
    for (const seed of SEED_FILES) {
      const bytes = readFileSync(new URL(seed.file, SEED_DIR));
      if (await isSeeded(trx, seed.layout, bytes)) continue;
      const report = await importTable(trx, {
        fields: {
          layout: seed.layout,
          source: seed.source,
          sourceSystem: seed.sourceSystem ?? REPORT.sourceSystem,
          extractionDate: seed.extractionDate ?? REPORT.extractionDate,
          encoding: 'utf-8',
        },
        fileName: `seed/stats/${seed.file}`,
        bytes,
        kind: 'csv',
        importedBy: SEED_IMPORTER,
        seed: true,
      });
      if (!report.stored) throw new Error(`seed/stats/${seed.file} was refused: ${JSON.stringify(report.problems.slice(0, 5))}`);
      imported += 1;
    }
    return { imported };
  });
}
