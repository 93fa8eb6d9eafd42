// The contract's handlers for assignments (merged into service.ts).
import type { Handlers } from '../api/contract';
import { createAssignment, getAssignmentProgress, getLabAgreement, listAssignments } from './app/assignments';
import type { Store } from './store';

type AssignmentHandlers = Pick<Handlers, 'createAssignment' | 'listAssignments' | 'getAssignmentProgress' | 'getLabAgreement'>;

export function createAssignmentHandlers(store: Store): AssignmentHandlers {
  return {
    createAssignment: (params) => createAssignment(store, params),
    listAssignments: () => listAssignments(store),
    getAssignmentProgress: ({ assignmentId }) => getAssignmentProgress(store, assignmentId),
    getLabAgreement: (params) => getLabAgreement(store, params),
  };
}
