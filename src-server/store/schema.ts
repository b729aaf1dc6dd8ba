/**
 * Table types for Kysely. Booleans are stored as 0/1 integers and JSON as text, so that the same queries
 * run on SQLite and PostgreSQL. Times are integer milliseconds.
 */
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: 'user' | 'producer' | 'moderator';
  email: string | null;
  community_muted: number;
  /** Last per-user event sequence number issued. */
  event_seq: number;
  created_at: number;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  access_hash: string;
  access_expires_at: number;
  refresh_hash: string;
  refresh_expires_at: number;
  /** The refresh token this one replaced: presenting it again means it was stolen, and revokes the session. */
  previous_refresh_hash: string | null;
  revoked_at: number | null;
  created_at: number;
}

export interface ProducerPagesTable {
  id: string;
  name: string;
  slug: string;
  bio: string;
  claimed_by_user_id: string | null;
  created_at: number;
}

export interface UserFollowsTable {
  follower_id: string;
  followee_id: string;
  created_at: number;
}

export interface ProducerFollowsTable {
  user_id: string;
  producer_id: string;
  created_at: number;
}

export interface UploadsTable {
  id: string;
  producer_id: string;
  title: string;
  created_at: number;
}

export interface PlaylistsTable {
  id: string;
  owner_id: string;
  name: string;
  created_at: number;
}

export interface TeamsTable {
  id: string;
  name: string;
  owner_id: string;
  created_at: number;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  joined_at: number;
}

export interface ConversationsTable {
  id: string;
  kind: 'direct' | 'group' | 'team';
  title: string | null;
  /** "smallerUserId:largerUserId" for direct conversations: one per pair. */
  direct_key: string | null;
  team_id: string | null;
  status: 'pending' | 'accepted' | 'declined';
  requester_id: string | null;
  created_by: string;
  last_seq: number;
  last_message_id: string | null;
  last_activity_at: number;
  created_at: number;
}

export interface ParticipantsTable {
  conversation_id: string;
  user_id: string;
  last_read_seq: number;
  delivered_seq: number;
  marked_unread: number;
  hidden: number;
  joined_at: number;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  seq: number;
  author_id: string;
  client_id: string;
  body: string;
  created_at: number;
  /** Set when the one recipient had blocked the author: stored and acked, never shown to that user. */
  withheld_from: string | null;
}

export interface EventsTable {
  user_id: string;
  seq: number;
  payload: string;
  created_at: number;
}

export interface ReportsTable {
  id: string;
  kind: 'message' | 'user';
  reporter_id: string;
  reported_user_id: string;
  message_id: string | null;
  reason: string | null;
  status: 'open' | 'resolved';
  created_at: number;
  resolved_at: number | null;
  resolved_by: string | null;
  resolution_note: string | null;
}

export interface NotificationPrefsTable {
  user_id: string;
  prefs: string;
  updated_at: number;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  data: string;
  created_at: number;
  read_at: number | null;
}

export interface BlocksTable {
  blocker_id: string;
  blocked_id: string;
  created_at: number;
}

export interface InvitationsTable {
  conversation_id: string;
  user_id: string;
  inviter_id: string;
  /** pending: not answered; declined; left: was a member and left or was removed. */
  state: 'pending' | 'declined' | 'left';
  created_at: number;
}

export interface ReceiptFreezesTable {
  conversation_id: string;
  /** The blocker, whose watermarks are frozen… */
  user_id: string;
  /** …as the blocked person sees them. */
  viewer_id: string;
  read_seq: number;
  delivered_seq: number;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  producer_pages: ProducerPagesTable;
  user_follows: UserFollowsTable;
  producer_follows: ProducerFollowsTable;
  uploads: UploadsTable;
  playlists: PlaylistsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  conversations: ConversationsTable;
  participants: ParticipantsTable;
  messages: MessagesTable;
  events: EventsTable;
  reports: ReportsTable;
  notification_prefs: NotificationPrefsTable;
  notifications: NotificationsTable;
  blocks: BlocksTable;
  invitations: InvitationsTable;
  receipt_freezes: ReceiptFreezesTable;
}
