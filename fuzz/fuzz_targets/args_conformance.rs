#![no_main]
//! Fuzz target: args_conformance, the argument parser of `examples/conformance.rs`. Any command line may be
//! refused; none may panic, hang or allocate past the limits.

use libfuzzer_sys::fuzz_target;

#[path = "args.rs"]
mod args;
#[path = "../../examples/common/mod.rs"]
mod common;
#[path = "../../examples/conformance.rs"]
#[allow(dead_code, unused_imports)]
mod example;

fuzz_target!(|data: &[u8]| {
    let _ = common::read_args(args::command_line(data), example::FLAGS, example::parse);
});
