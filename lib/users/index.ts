export { createUser, ZCreateUserRequest, type TCreateUserRequest } from "./create-user";
export { listUsers } from "./list-users";
