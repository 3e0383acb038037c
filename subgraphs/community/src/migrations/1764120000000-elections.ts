import type { MigrationInterface, QueryRunner } from 'typeorm';

const base = `\`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),`;

/** Owners'-committee elections: vetting lists as data, candidates and the joint qualification review. */
export class CommunityElections1764120000000 implements MigrationInterface {
  name = 'CommunityElections1764120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`criteria_list\` (
      ${base}
      \`name\` varchar(100) NOT NULL,
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`election_criterion\` (
      ${base}
      \`listId\` varchar(36) NOT NULL,
      \`code\` varchar(10) NOT NULL,
      \`kind\` varchar(16) NOT NULL,
      \`text\` varchar(200) NOT NULL,
      UNIQUE INDEX \`IDX_election_criterion_list_code\` (\`listId\`, \`code\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`election\` (
      ${base}
      \`compoundId\` varchar(36) NOT NULL,
      \`seats\` int NOT NULL,
      \`status\` varchar(16) NOT NULL,
      \`criteriaListId\` varchar(36) NOT NULL,
      \`reviewingBodies\` varchar(200) NOT NULL,
      \`termStartsOn\` date NOT NULL,
      \`termEndsOn\` date NOT NULL,
      \`matterId\` varchar(36) NULL,
      \`committeeId\` varchar(36) NULL,
      \`decidedAt\` datetime(6) NULL,
      INDEX \`IDX_election_compound\` (\`compoundId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`candidate\` (
      ${base}
      \`electionId\` varchar(36) NOT NULL,
      \`personId\` varchar(36) NOT NULL,
      \`unitId\` varchar(36) NOT NULL,
      \`vetted\` tinyint NOT NULL DEFAULT 0,
      \`prioritiesMet\` varchar(200) NOT NULL DEFAULT '',
      \`exclusionsHit\` varchar(200) NOT NULL DEFAULT '',
      UNIQUE INDEX \`IDX_candidate_election_person\` (\`electionId\`, \`personId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`candidate_review\` (
      ${base}
      \`candidateId\` varchar(36) NOT NULL,
      \`body\` varchar(32) NOT NULL,
      \`approve\` tinyint NOT NULL,
      \`note\` varchar(500) NULL,
      \`reviewedBy\` varchar(100) NULL,
      UNIQUE INDEX \`IDX_candidate_review_candidate_body\` (\`candidateId\`, \`body\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['candidate_review', 'candidate', 'election', 'election_criterion', 'criteria_list']) await q.query(`DROP TABLE \`${t}\``);
  }
}
