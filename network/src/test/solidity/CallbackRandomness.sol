// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title A randomness source whose values arrive by a later call, as a VRF coordinator's callback
/// delivers them (test only: the test plays the coordinator). It shows the market's IRandomnessSource
/// plug-in: the market waits, in order, until a task's randomness is delivered, then draws from it.
contract CallbackRandomness {
    mapping(uint256 => bytes32) public values;

    function fulfil(uint256 taskId, bytes32 value) external {
        require(value != bytes32(0), "zero randomness");
        values[taskId] = value;
    }

    function fix(uint64) external {
    }

    function kind() external pure returns (string memory) {
        return "test coordinator callback";
    }

    function randomness(uint256 taskId, uint64) external view returns (bool ready, bytes32 value) {
        value = values[taskId];
        ready = value != bytes32(0);
    }
}
