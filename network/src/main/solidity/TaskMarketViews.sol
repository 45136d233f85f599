// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {TaskMarketState} from "./TaskMarketState.sol";

/// @title The task market's read-only views.
/// @notice Runs only by delegatecall from TaskMarket's fallback, on TaskMarket's storage (one layout: both
/// inherit TaskMarketState and add no storage). Called directly it reads its own empty storage. Every function
/// here is view or pure (the compile script refuses otherwise): through the fallback it can read, never write.
/// Moved out of TaskMarket to make room under the 24,576-byte limit; a round never calls them (decision 0051).
contract TaskMarketViews is TaskMarketState {
    /// @notice The parameters in force now, as the public getter of a struct returns them (field by field).
    function params() external view returns (uint32 maxPromptBytes, uint32 maxAnswerBytes, uint32 maxTokensLimit,
        uint32 commitWindow, uint32 revealWindow, uint16 minerShareBps, uint16 qualityFloor, uint16 tolerance,
        uint16 slashDeviation, uint16 noRevealSlashBps, uint16 absentSlashBps, uint16 deviationSlashBps,
        uint128 minFeePerParticipant)
    {
        return _fields(currentParams);
    }

    /// @notice The parameters of version `version` (a task keeps the version in force at its submit).
    function paramsAt(uint32 version) external view returns (uint32 maxPromptBytes, uint32 maxAnswerBytes,
        uint32 maxTokensLimit, uint32 commitWindow, uint32 revealWindow, uint16 minerShareBps, uint16 qualityFloor,
        uint16 tolerance, uint16 slashDeviation, uint16 noRevealSlashBps, uint16 absentSlashBps,
        uint16 deviationSlashBps, uint128 minFeePerParticipant)
    {
        return _fields(paramsOf[version]);
    }

    function _fields(Params storage p) private view returns (uint32, uint32, uint32, uint32, uint32, uint16, uint16,
        uint16, uint16, uint16, uint16, uint16, uint128)
    {
        return (p.maxPromptBytes, p.maxAnswerBytes, p.maxTokensLimit, p.commitWindow, p.revealWindow, p.minerShareBps,
            p.qualityFloor, p.tolerance, p.slashDeviation, p.noRevealSlashBps, p.absentSlashBps, p.deviationSlashBps,
            p.minFeePerParticipant);
    }

    function getTask(uint256 taskId) external view returns (Task memory) {
        return tasks[taskId];
    }

    /// @notice The task's random value, known once it is drawn (zero before).
    function taskRandomness(uint256 taskId) external view returns (bytes32) {
        return tasks[taskId].seed;
    }

    /// @notice A per-miner seed for spot checks of a drawn task: keccak256(abi.encode(taskRandomness, miner)).
    function samplingSeed(uint256 taskId, address miner) external view returns (bytes32) {
        bytes32 seed = tasks[taskId].seed;
        require(seed != bytes32(0), "Market: task not drawn yet");
        return keccak256(abi.encode(seed, miner));
    }

    function getParticipants(uint256 taskId) external view returns (address[] memory, address[] memory) {
        return (miners[taskId], validators[taskId]);
    }

    function getSlot(uint256 taskId, address node) external view returns (Slot memory) {
        SlotRecord storage s = slots[taskId][node];
        bool committed = s.revealed || s.word != bytes32(0);
        return Slot(s.position, committed, s.revealed, s.revealed ? bytes32(0) : s.word, s.revealed ? uint256(s.word) : 0);
    }

    function getConsensus(uint256 taskId) external view returns (uint16[] memory out) {
        Task storage t = tasks[taskId];
        out = new uint16[](t.k);
        for (uint256 i = 0; i < t.k; i++) out[i] = uint16((t.consensus >> (16 * i)) & 0xFFFF);
    }

    function getValidatorScores(uint256 taskId, address validator) external view returns (uint16[] memory out) {
        Task storage t = tasks[taskId];
        SlotRecord storage s = slots[taskId][validator];
        out = new uint16[](t.k);
        if (!s.revealed || s.position == 0 || s.miner) return out;
        for (uint256 i = 0; i < t.k; i++) out[i] = uint16((uint256(s.word) >> (16 * i)) & 0xFFFF);
    }
}
