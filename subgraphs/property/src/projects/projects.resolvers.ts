import type { Resolvers } from '../generated/graphql';
import { threeZeros } from './project-rules';
import {
  compoundProjects,
  incidentCounts,
  milestonesOf,
  projectById,
  projectFirm,
  projectsInRegion,
  reachMilestone,
  recordIncident,
  recordProgress,
  startProject,
} from './projects.service';

export const projectResolvers: Resolvers = {
  Query: {
    renovationProject: (_root, { id }, ctx) => projectById(ctx, id),
    renovationProjects: (_root, { regionCode, threeZeros: zeros, ...page }, ctx) => projectsInRegion(ctx, regionCode, zeros, page),
  },
  Compound: {
    renovationProjects: (compound, args, ctx) => compoundProjects(ctx, compound.id, args),
  },
  RenovationProject: {
    compound: (p) => (p.compoundId ? { id: p.compoundId } : null),
    firm: (p, _args, ctx) => projectFirm(ctx, p),
    milestones: (p, _args, ctx) => milestonesOf(ctx, p.id),
    accidents: async (p, _args, ctx) => (await incidentCounts(ctx, p.id)).accidents,
    disturbances: async (p, _args, ctx) => (await incidentCounts(ctx, p.id)).disturbances,
    complaints: async (p, _args, ctx) => (await incidentCounts(ctx, p.id)).complaints,
    threeZeros: async (p, _args, ctx) => threeZeros(await incidentCounts(ctx, p.id)),
  },
  Mutation: {
    startRenovationProject: (_root, { input }, ctx) => startProject(ctx, input),
    recordProjectProgress: (_root, { projectId, unitsDone }, ctx) => recordProgress(ctx, projectId, unitsDone),
    reachProjectMilestone: (_root, { milestoneId, reachedOn }, ctx) => reachMilestone(ctx, milestoneId, reachedOn),
    recordProjectIncident: (_root, { input }, ctx) => recordIncident(ctx, input),
  },
};
