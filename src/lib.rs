//! qfill library
