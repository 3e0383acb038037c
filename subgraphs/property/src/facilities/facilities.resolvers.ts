import type { Resolvers } from '../generated/graphql';
import {
  activityRooms,
  addActivityRoom,
  addElevator,
  addFireLane,
  addParkingArea,
  elevatorCountsOf,
  elevatorsOf,
  entrances,
  facilitiesOf,
  fireLanes,
  gasCoverage,
  parkingAreas,
  setElevatorStatus,
  setFireLaneClear,
  spaceCountsOf,
  spacesOf,
} from './facilities.service';

export const facilityResolvers: Resolvers = {
  Compound: {
    facilities: (compound, _args, ctx) => facilitiesOf(ctx, compound.id),
  },
  CompoundFacilities: {
    parkingAreas: (f, _args, ctx) => parkingAreas(ctx, f.compoundId),
    elevators: (f, args, ctx) => elevatorsOf(ctx, f.compoundId, args),
    elevatorCounts: (f, _args, ctx) => elevatorCountsOf(ctx, f.compoundId),
    gasCoverage: (f, _args, ctx) => gasCoverage(ctx, f.compoundId),
    fireLanes: (f, _args, ctx) => fireLanes(ctx, f.compoundId),
    activityRooms: (f, _args, ctx) => activityRooms(ctx, f.compoundId),
  },
  ParkingArea: {
    entrances: (area, _args, ctx) => entrances(ctx, area.id),
    spaceCounts: (area, _args, ctx) => spaceCountsOf(ctx, area.id),
    spaces: (area, { kind, ...page }, ctx) => spacesOf(ctx, area.id, kind, page),
  },
  Mutation: {
    addParkingArea: (_root, { input }, ctx) => addParkingArea(ctx, input),
    addElevator: (_root, { input }, ctx) => addElevator(ctx, input),
    setElevatorStatus: (_root, { id, status }, ctx) => setElevatorStatus(ctx, id, status),
    addFireLane: (_root, { input }, ctx) => addFireLane(ctx, input),
    setFireLaneClear: (_root, { id, clear }, ctx) => setFireLaneClear(ctx, id, clear),
    addActivityRoom: (_root, { input }, ctx) => addActivityRoom(ctx, input),
  },
};
