#![no_main]
//! Fuzz target: args_national_review, the argument parser of `examples/national_review.rs`. Any command line may be
//! refused; none may panic, hang or allocate past the limits.

use libfuzzer_sys::fuzz_target;

#[path = "args.rs"]
mod args;
#[path = "../../examples/common/mod.rs"]
mod common;
#[path = "../../examples/national_review.rs"]
#[allow(dead_code, unused_imports)]
mod example;

fuzz_target!(|data: &[u8]| {
    let _ = common::read_args(args::command_line(data), example::FLAGS, example::parse);
});
