export { createProject, type CreateProjectOptions } from "./create-project";
export { getMemberProject, type GetMemberProjectOptions } from "./get-member-project";
export { getProject, type GetProjectOptions } from "./get-project";
export { getProjectGuidelines, type GetProjectGuidelinesOptions, type ProjectGuidelines } from "./get-project-guidelines";
export { liftLabelerPause, type LiftLabelerPauseOptions } from "./lift-labeler-pause";
export { listGuidelinesVersions, type ListGuidelinesVersionsOptions } from "./list-guidelines-versions";
export { listLabelerPauses, type ListLabelerPausesOptions } from "./list-labeler-pauses";
export { listMemberProjects, type ListMemberProjectsOptions } from "./list-member-projects";
export { listProjects, type ListProjectsOptions } from "./list-projects";
export { pauseLabeler, ZPauseLabelerRequest, type LabelerPauseView, type PauseLabelerOptions, type TPauseLabelerRequest } from "./pause-labeler";
export { setProjectMembers, ZSetProjectMembersRequest, type SetProjectMembersOptions, type TSetProjectMembersRequest } from "./set-project-members";
export { updateProject, type UpdateProjectOptions } from "./update-project";
export {
  memberWhere,
  PROJECT_SETTINGS,
  ZCreateProjectRequest,
  ZProjectStatus,
  ZUpdateProjectRequest,
  type ProjectView,
  type TCreateProjectRequest,
  type TProjectStatus,
  type TUpdateProjectRequest,
} from "./project-view";
