import type { DatasetUser } from '../../dataset/types.js';
import { renderUserBasic, type Json, type RenderContext } from './common.js';

/** `GET /user`: the basic user and the profile. */
export function renderUser(context: RenderContext, user: DatasetUser): Json {
  return {
    ...renderUserBasic(context, user.login),
    created_at: user.createdAt,
    bio: '',
    location: '',
    public_email: user.email,
    email: user.email,
    skype: '',
    linkedin: '',
    twitter: '',
    website_url: '',
    organization: '',
    job_title: '',
    bot: false,
    followers: 0,
    following: 0,
  };
}
