// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title The admin of a PoQ network: OpenZeppelin's TimelockController, unchanged.
/// @notice `poq deploy` makes it the only holder of the admin and governor roles of the registry and the
/// market: every governance action is scheduled in public and runs only after `minDelay`, so users can
/// leave before a change they do not accept (docs/decisions/0007). No admin of its own: only its
/// proposers (the deployer) may schedule, and the delay itself can only change through the timelock.
contract PoqTimelock is TimelockController {
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors)
        TimelockController(minDelay, proposers, executors, address(0))
    {}
}
