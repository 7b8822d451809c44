//! Pure decisions, no I/O: who may go where and do what, who gets a conversation, how the
//! queue drains, and where a conversation stands. The backend gathers facts, asks, and commits.
pub mod agent_status;
pub mod assignment;
pub mod conversation_access;
pub mod conversation_state;
pub mod permissions;
