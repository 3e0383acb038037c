import type { MigrationInterface, QueryRunner } from 'typeorm';

const base = `\`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),`;

/** Schemes, rounds, score sheets, results' round columns, red/black lists, committee reviews and the projections they use. */
export class RatingRounds1764100000000 implements MigrationInterface {
  name = 'RatingRounds1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`compound_scope\` (
      \`compoundId\` varchar(36) NOT NULL,
      \`regionPath\` varchar(120) NOT NULL,
      PRIMARY KEY (\`compoundId\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`rating_contract\` (
      ${base}
      \`compoundId\` varchar(36) NOT NULL,
      \`firmId\` varchar(36) NULL,
      \`model\` varchar(24) NOT NULL,
      \`startsOn\` varchar(10) NOT NULL,
      \`endsOn\` varchar(10) NULL,
      \`status\` varchar(16) NOT NULL,
      INDEX \`IDX_rating_contract_compound\` (\`compoundId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`resident_feedback\` (
      ${base}
      \`requestId\` varchar(36) NOT NULL,
      \`compoundId\` varchar(36) NOT NULL,
      \`category\` varchar(64) NOT NULL,
      \`satisfaction\` int NULL,
      \`closedAt\` datetime(3) NOT NULL,
      UNIQUE INDEX \`IDX_feedback_request\` (\`requestId\`),
      INDEX \`IDX_feedback_compound_closed\` (\`compoundId\`, \`closedAt\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`rating_scheme\` (
      ${base}
      \`districtCode\` varchar(12) NOT NULL,
      \`name\` varchar(100) NOT NULL,
      \`indicators\` text NOT NULL,
      \`groups\` text NOT NULL,
      \`incompleteGroupRule\` varchar(16) NOT NULL,
      \`listRule\` text NOT NULL,
      INDEX \`IDX_scheme_district\` (\`districtCode\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`rating_round\` (
      ${base}
      \`schemeId\` varchar(36) NOT NULL,
      \`districtCode\` varchar(12) NOT NULL,
      \`period\` varchar(7) NOT NULL,
      \`status\` varchar(16) NOT NULL,
      \`closedAt\` datetime(3) NULL,
      \`publishedAt\` datetime(3) NULL,
      UNIQUE INDEX \`IDX_round_district_period\` (\`districtCode\`, \`period\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`rating_round_compound\` (
      ${base}
      \`roundId\` varchar(36) NOT NULL,
      \`compoundId\` varchar(36) NOT NULL,
      \`firmId\` varchar(36) NULL,
      \`regionPath\` varchar(120) NOT NULL,
      \`outcome\` varchar(16) NOT NULL DEFAULT 'PENDING',
      \`withheldReason\` varchar(500) NULL,
      UNIQUE INDEX \`IDX_round_compound\` (\`roundId\`, \`compoundId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`rating_rater\` (
      ${base}
      \`roundId\` varchar(36) NOT NULL,
      \`compoundId\` varchar(36) NOT NULL,
      \`raterSub\` varchar(64) NOT NULL,
      \`raterGroup\` varchar(32) NOT NULL,
      UNIQUE INDEX \`IDX_rater_round_compound_sub\` (\`roundId\`, \`compoundId\`, \`raterSub\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`rating_score_sheet\` (
      ${base}
      \`roundId\` varchar(36) NOT NULL,
      \`compoundId\` varchar(36) NOT NULL,
      \`raterSub\` varchar(64) NOT NULL,
      \`raterGroup\` varchar(32) NOT NULL,
      \`scores\` text NOT NULL,
      UNIQUE INDEX \`IDX_sheet_round_compound_rater\` (\`roundId\`, \`compoundId\`, \`raterSub\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`ALTER TABLE \`rating_result\`
      MODIFY \`publishedAt\` datetime(3) NULL,
      ADD \`roundId\` varchar(36) NULL,
      ADD \`firmId\` varchar(36) NULL,
      ADD \`districtCode\` varchar(12) NULL,
      ADD \`rankInDistrict\` int NULL,
      ADD \`breakdown\` text NULL,
      ADD INDEX \`IDX_result_round\` (\`roundId\`),
      ADD INDEX \`IDX_result_firm_period\` (\`firmId\`, \`period\`),
      ADD INDEX \`IDX_result_district_period_rank\` (\`districtCode\`, \`period\`, \`rankInDistrict\`)`);
    await q.query(`CREATE TABLE \`rating_list\` (
      ${base}
      \`districtCode\` varchar(12) NOT NULL,
      \`period\` varchar(7) NOT NULL,
      \`roundId\` varchar(36) NOT NULL,
      \`rule\` text NOT NULL,
      \`ranked\` int NOT NULL,
      \`publishedAt\` datetime(3) NOT NULL,
      UNIQUE INDEX \`IDX_list_district_period\` (\`districtCode\`, \`period\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`rating_list_entry\` (
      ${base}
      \`listId\` varchar(36) NOT NULL,
      \`color\` varchar(8) NOT NULL,
      \`resultId\` varchar(36) NOT NULL,
      \`compoundId\` varchar(36) NOT NULL,
      \`firmId\` varchar(36) NULL,
      \`rank\` int NOT NULL,
      \`scoreCentipoints\` int NOT NULL,
      \`reasons\` text NOT NULL,
      INDEX \`IDX_list_entry_list_color_rank\` (\`listId\`, \`color\`, \`rank\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`committee_review\` (
      ${base}
      \`committeeId\` varchar(36) NOT NULL,
      \`compoundId\` varchar(36) NOT NULL,
      \`districtCode\` varchar(12) NOT NULL,
      \`kind\` varchar(16) NOT NULL,
      \`period\` varchar(7) NOT NULL,
      \`status\` varchar(16) NOT NULL,
      \`passMarkCentipoints\` int NOT NULL,
      \`panel\` text NOT NULL,
      \`scoreCentipoints\` int NULL,
      \`publishedAt\` datetime(3) NULL,
      \`reelectionFlaggedAt\` datetime(3) NULL,
      UNIQUE INDEX \`IDX_review_committee_kind_period\` (\`committeeId\`, \`kind\`, \`period\`),
      INDEX \`IDX_review_district_period\` (\`districtCode\`, \`kind\`, \`period\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`committee_review_score\` (
      ${base}
      \`reviewId\` varchar(36) NOT NULL,
      \`panelistSub\` varchar(64) NOT NULL,
      \`panelRole\` varchar(32) NOT NULL,
      \`points\` int NOT NULL,
      \`comment\` varchar(500) NULL,
      UNIQUE INDEX \`IDX_review_score_panelist\` (\`reviewId\`, \`panelistSub\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['committee_review_score', 'committee_review', 'rating_list_entry', 'rating_list', 'rating_score_sheet', 'rating_rater', 'rating_round_compound', 'rating_round', 'rating_scheme', 'resident_feedback', 'rating_contract', 'compound_scope']) {
      await q.query(`DROP TABLE \`${t}\``);
    }
    await q.query(`ALTER TABLE \`rating_result\`
      DROP INDEX \`IDX_result_district_period_rank\`, DROP INDEX \`IDX_result_firm_period\`, DROP INDEX \`IDX_result_round\`,
      DROP \`breakdown\`, DROP \`rankInDistrict\`, DROP \`districtCode\`, DROP \`firmId\`, DROP \`roundId\`,
      MODIFY \`publishedAt\` datetime(3) NOT NULL`);
  }
}
