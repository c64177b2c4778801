import { Controller, Delete, Param, Put, UseGuards } from "@nestjs/common";
import { AuthGuard } from "@nestjs/passport";
import { UsersService } from "./users.service";

@Controller("users")
export class UsersController {
  constructor(private readonly users: UsersService) {}

  // ruleid: RC202
  @Delete(":slug")
  async remove(@Param("slug") slug: string) {
    return this.users.delete(slug);
  }

  // ok: RC202
  @UseGuards(AuthGuard("jwt"))
  @Put(":slug")
  async update(@Param("slug") slug: string) {
    return this.users.update(slug);
  }
}
