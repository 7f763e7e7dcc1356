export { createUser, ZCreateUserRequest, type TCreateUserRequest } from "./create-user";
export { listUsers } from "./list-users";
export { updateUser, ZUpdateUserRequest, type TUpdateUserRequest, type UpdateUserOptions } from "./update-user";
