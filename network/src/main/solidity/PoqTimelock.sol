// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title The admin of a PoQ network: OpenZeppelin's TimelockController with a floor on its delay.
/// @notice `poq deploy` makes it the only holder of the admin and governor roles of the registry and the
/// market: every governance action is scheduled in public and runs only after `minDelay`, so users can
/// leave before a change they do not accept (docs/decisions/0007, 0027). No admin of its own: only its
/// proposers (the deployer) may schedule, and the delay itself can only change through the timelock,
/// never below MIN_DELAY.
contract PoqTimelock is TimelockController {
    /// @notice The least delay: one minute, several blocks on any chain (docs/decisions/0027). `poq deploy`
    /// asks for more on a public chain: the unbonding delay plus a day, so that a node can leave first.
    uint256 public constant MIN_DELAY = 60;

    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors)
        TimelockController(minDelay, proposers, executors, address(0))
    {
        require(minDelay >= MIN_DELAY, "Timelock: delay below 60 seconds");
    }

    /// @dev Whatever updateDelay later sets, scheduling never accepts less than MIN_DELAY.
    function getMinDelay() public view override returns (uint256) {
        uint256 d = super.getMinDelay();
        return d < MIN_DELAY ? MIN_DELAY : d;
    }
}
